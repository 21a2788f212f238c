package jp.callmail.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import jp.callmail.domain.model.line.LineRouting;
import jp.callmail.domain.model.line.LineRoutingRepository;
import jp.callmail.domain.model.line.ServiceLine;
import jp.callmail.sip.api.LineRoute;
import jp.callmail.sip.api.LineRoutes;

/**
 * Tells the SIP connector which numbers are watched and where their calls go. A stopped line is
 * still watched: its calls are logged with the reason they made no mail.
 */
@ApplicationScoped
public class LineDirectoryService {

  /**
   * A change is stamped when its transaction writes it, and may commit later than a refresh that
   * started after the stamp; asking this much further back than the previous answer catches it.
   */
  static final Duration COMMIT_MARGIN = Duration.ofMinutes(2);

  @PersistenceContext(unitName = "callmail")
  private EntityManager em;

  @Inject private LineRoutingRepository routings;

  @Transactional(Transactional.TxType.SUPPORTS)
  public LineRoute routeFor(String calledNumber) {
    return em.createNamedQuery(ServiceLine.BY_NUMBER, ServiceLine.class)
        .setParameter("number", calledNumber)
        .getResultStream()
        .findFirst()
        .map(
            line ->
                new LineRoute(line.getPhoneNumber(), line.isWatched(), line.getDownstreamRoute()))
        .orElseGet(() -> LineRoute.unwatched(calledNumber));
  }

  /** Every line's route, or those of the lines whose routing changed since {@code changedSince}. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public LineRoutes routes(Instant changedSince) {
    Instant asOf = Instant.now();
    List<LineRouting> changed =
        changedSince == null
            ? routings.all()
            : routings.changedSince(changedSince.minus(COMMIT_MARGIN));
    return new LineRoutes(asOf, changed.stream().map(LineDirectoryService::route).toList());
  }

  /** A line's routing in the SIP connector's terms. */
  public static LineRoute route(LineRouting routing) {
    return new LineRoute(routing.number(), routing.watched(), routing.downstreamRoute());
  }
}
