/**
 * Mail (SPEC §5): the notice's words and text in its two forms and charsets, the outbox's
 * transactions, and delivery to the relay — right after commit by a few coalescing senders, and by
 * a poller for retries (back-off schedule, SMTP replies classified as temporary or permanent).
 */
package jp.callmail.infrastructure.mail;
