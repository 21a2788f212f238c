/** The domain model: contracts, service lines with their notification settings, calls and mail. */
package jp.callmail.domain.model;
