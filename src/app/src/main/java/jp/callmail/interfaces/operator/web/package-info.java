/**
 * The operator console: JSF/PrimeFaces pages over the same application services as the REST API.
 */
package jp.callmail.interfaces.operator.web;
