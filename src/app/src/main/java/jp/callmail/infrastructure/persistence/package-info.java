/** Persistence plumbing: schema migration at start-up and JPA converters. */
package jp.callmail.infrastructure.persistence;
