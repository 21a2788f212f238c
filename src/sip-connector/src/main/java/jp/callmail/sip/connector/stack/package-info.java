/**
 * Everything that reaches into JAIN-SIP's internals (subclassed listeners, protected and private
 * fields, log texts), pinned to jain-sip-ri 1.3.0-91; JainSipInternalsTest fails when they change.
 */
package jp.callmail.sip.connector.stack;
