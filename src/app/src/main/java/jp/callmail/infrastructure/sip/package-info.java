/**
 * The application's end of the SIP connector: the message-driven bean bound to the adapter, and the
 * publisher that hands committed routing changes to the adapter's line table.
 */
package jp.callmail.infrastructure.sip;
