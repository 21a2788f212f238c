/**
 * What the charge report bills: when each line had which option, and the orders that added them.
 */
package jp.callmail.domain.model.billing;
