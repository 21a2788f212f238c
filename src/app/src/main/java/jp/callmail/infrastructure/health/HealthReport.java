package jp.callmail.infrastructure.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import jp.callmail.application.HealthDetails;
import org.eclipse.microprofile.health.HealthCheckResponse;

/** Runs every check of this application with its details, for the operators' API. */
@ApplicationScoped
public class HealthReport implements HealthDetails {

  @Inject @Any private Instance<DetailedCheck> checks;

  @Override
  public List<Check> checks() {
    List<Check> result = new ArrayList<>();
    for (DetailedCheck check : checks) {
      HealthCheckResponse r = check.details();
      result.add(new Check(r.getName(), check.kind(), r.getStatus().name(), DetailedCheck.data(r)));
    }
    result.sort(Comparator.comparing(Check::kind).thenComparing(Check::name));
    return result;
  }
}
