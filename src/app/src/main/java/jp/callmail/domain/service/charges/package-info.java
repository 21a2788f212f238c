/**
 * The monthly charge arithmetic (SPEC §8): monthly fees per line and option, one-time work fees,
 * consumption tax per contract. Pure functions of recorded facts, so every rule is unit-tested.
 */
package jp.callmail.domain.service.charges;
