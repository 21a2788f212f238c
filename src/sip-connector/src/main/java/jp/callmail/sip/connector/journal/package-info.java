/** The durable journal of completed-call records that the application has not taken yet. */
package jp.callmail.sip.connector.journal;
