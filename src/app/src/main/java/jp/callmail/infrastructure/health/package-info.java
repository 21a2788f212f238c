/**
 * MicroProfile Health checks (Payara Micro serves {@code /health}, {@code /health/live}, {@code
 * /health/ready}): the application is up; the database, the mail relay and the SIP proxy answer.
 */
package jp.callmail.infrastructure.health;
