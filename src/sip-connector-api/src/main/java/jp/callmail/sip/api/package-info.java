/**
 * The listener contract between the SIP resource adapter and the application that receives its
 * calls.
 */
package jp.callmail.sip.api;
