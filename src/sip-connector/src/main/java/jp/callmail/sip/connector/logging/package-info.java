/**
 * Routes JAIN-SIP's own logging (written for log4j 1.x) to java.util.logging, and keeps what
 * strangers can cause bounded.
 */
package jp.callmail.sip.connector.logging;
