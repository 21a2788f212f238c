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
