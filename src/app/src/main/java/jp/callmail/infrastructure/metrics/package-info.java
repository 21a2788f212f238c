/** MicroProfile Metrics of calls and mail (Payara Micro serves {@code /metrics}). */
package jp.callmail.infrastructure.metrics;
