/** Operator accounts: one per person, with a role, a hashed password and a lockout. */
package jp.callmail.domain.model.operator;
