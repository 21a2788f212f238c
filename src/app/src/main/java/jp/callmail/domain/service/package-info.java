/** Domain services: pure rules over the domain model, such as which calls make mail (SPEC §4). */
package jp.callmail.domain.service;
