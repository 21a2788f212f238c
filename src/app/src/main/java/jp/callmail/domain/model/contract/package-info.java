/** Contracts: the subscribers that hold service lines. */
package jp.callmail.domain.model.contract;
