package jp.callmail.application;

import java.util.List;
import java.util.Map;

/**
 * The health checks with their details (latencies, replies, errors), for operators only; the
 * anonymous {@code /health} endpoints tell names and states. Implemented by {@code
 * infrastructure.health.HealthReport}.
 */
public interface HealthDetails {

  /** One check: {@code kind} is {@code live} or {@code ready}, {@code status} UP or DOWN. */
  record Check(String name, String kind, String status, Map<String, Object> data) {}

  List<Check> checks();
}
