/** Routes JAIN-SIP's own logging (written for log4j 1.x) to java.util.logging. */
package jp.callmail.sip.connector.logging;
