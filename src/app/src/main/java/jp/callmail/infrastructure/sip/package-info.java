/** The application's end of the SIP connector: the message-driven bean bound to the adapter. */
package jp.callmail.infrastructure.sip;
