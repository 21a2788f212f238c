package jp.callmail.it;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.ZoneId;
import java.util.Optional;
import jp.callmail.domain.model.call.CallLogEntry;
import jp.callmail.domain.model.contract.Contract;
import jp.callmail.domain.model.line.ServiceLine;

/** The tests' view of the real database inside the container: provision lines, read the call log. */
@ApplicationScoped
public class ItDatabase {

  @PersistenceContext(unitName = "callmail")
  private EntityManager em;

  @Transactional
  public void addLine(String number, String downstreamRoute) {
    Contract contract = em.createNamedQuery(Contract.BY_CODE, Contract.class)
        .setParameter("code", "IT-CALLS")
        .getResultStream()
        .findFirst()
        .orElseGet(() -> {
          Contract created = new Contract("IT-CALLS", "Integration tests");
          em.persist(created);
          return created;
        });
    em.persist(new ServiceLine(contract, number, downstreamRoute, ZoneId.of("Asia/Tokyo")));
  }

  /** Changes a line's route in the database only, as another instance of callmail would. */
  @Transactional
  public void rerouteInTheDatabaseOnly(String number, String downstreamRoute) {
    int rows = em.createNativeQuery(
            "UPDATE service_line SET downstream_route = ?1, routing_changed_at = CURRENT_TIMESTAMP WHERE phone_number = ?2")
        .setParameter(1, downstreamRoute)
        .setParameter(2, number)
        .executeUpdate();
    if (rows != 1) {
      throw new IllegalStateException("no line " + number);
    }
  }

  @Transactional
  public Optional<CallLogEntry> callLog(String callId) {
    return em.createNamedQuery(CallLogEntry.BY_CALL_ID, CallLogEntry.class)
        .setParameter("callId", callId)
        .getResultStream()
        .findFirst()
        .map(entry -> {
          entry.localCallTime(); // touch the line while the persistence context is open
          return entry;
        });
  }

}
