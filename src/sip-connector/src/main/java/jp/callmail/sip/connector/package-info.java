/**
 * The JCA 1.7 inbound resource adapter that owns the SIP proxy and delivers its calls to the
 * application.
 */
package jp.callmail.sip.connector;
