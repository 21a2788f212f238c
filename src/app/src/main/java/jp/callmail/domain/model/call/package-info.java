/** The call log: every completed call to a service line, as the SIP connector reported it. */
package jp.callmail.domain.model.call;
