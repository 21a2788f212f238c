/**
 * The operator's provisioning REST API (JSON, RFC 9457 problem details), for the carrier's order
 * systems.
 */
package jp.callmail.interfaces.operator.rest;
