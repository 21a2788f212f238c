/** The audit log: who did what to which line or contract, and when. */
package jp.callmail.domain.model.audit;
