/**
 * A line's subscriber credentials: temporary and real passwords, and the lockout after failures.
 */
package jp.callmail.domain.model.credential;
