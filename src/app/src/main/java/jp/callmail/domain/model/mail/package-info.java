/** Mail to send: the durable outbox rows and their delivery states. */
package jp.callmail.domain.model.mail;
