/**
 * What the proxy learns about a call: caller identity, withheld reason, outcome and ringing time.
 */
package jp.callmail.sip.connector.call;
