/** Application services and the events that connect the SIP side to the rest of callmail. */
package jp.callmail.application;
