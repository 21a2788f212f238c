/**
 * Whom the proxy believes: the configured peers (upstream, downstream), which hosts a request may
 * be sent to, and the token that marks this proxy's own Record-Route entries.
 */
package jp.callmail.sip.connector.trust;
