/** The notification mail (SPEC §5): its text, and its MIME form in UTF-8 or ISO-2022-JP. */
package jp.callmail.infrastructure.mail;
