/**
 * MicroProfile Health checks (Payara Micro serves {@code /health}, {@code /health/live}, {@code
 * /health/ready} with names and states only): the application is up; the database, the mail relay
 * and the SIP proxy answer. Their details are for operators ({@code GET /api/health}).
 */
package jp.callmail.infrastructure.health;
