/** The record-routing stateful proxy of RFC 3261 §16 on JAIN-SIP, independent of JCA. */
package jp.callmail.sip.connector.proxy;
