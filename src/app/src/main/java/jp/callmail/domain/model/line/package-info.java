/** Service lines: the phone numbers whose calls are watched. */
package jp.callmail.domain.model.line;
