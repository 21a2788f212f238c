package jp.callmail.sip.connector;

import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.WorkException;
import jakarta.resource.spi.work.WorkManager;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import jp.callmail.sip.api.CallListener;
import jp.callmail.sip.api.IvrCaller;
import jp.callmail.sip.api.IvrService;
import jp.callmail.sip.api.LineRoute;
import jp.callmail.sip.api.LineRoutes;
import jp.callmail.sip.api.TemporaryPasswordOutcome;
import jp.callmail.sip.connector.ivr.IvrUserAgent;

/**
 * The adapter's questions to the application (line routes, a line lookup, the IVR's caller and
 * temporary password), each one invocation of the message-driven bean on the WorkManager, with the
 * endpoints that are listening. Completed calls and changes of their kind take their own,
 * journalled path ({@link CallRecordDelivery}), since they must never be lost while these may
 * simply fail.
 */
final class ApplicationCalls {

  private static final Logger LOG = Logger.getLogger(ApplicationCalls.class.getName());
  private static final Method LOOKUP_LINE =
      SipResourceAdapter.listenerMethod("lookupLine", String.class);
  private static final Method LINE_ROUTES =
      SipResourceAdapter.listenerMethod("lineRoutes", Instant.class);
  private static final Method IVR_CALLER =
      SipResourceAdapter.listenerMethod("ivrCaller", String.class);
  private static final Method SET_TEMPORARY_PASSWORD =
      SipResourceAdapter.listenerMethod(
          "setTemporaryPassword", String.class, IvrService.class, String.class, String.class);

  /** The IVR caller waits this long for the application (PBKDF2 hashing takes about a second). */
  private static final long IVR_APPLICATION_TIMEOUT_SECONDS = 15;

  private final Map<SipActivationSpec, MessageEndpointFactory> endpoints =
      new ConcurrentHashMap<>();
  private final WorkManager workManager;

  ApplicationCalls(WorkManager workManager) {
    this.workManager = workManager;
  }

  void activated(SipActivationSpec spec, MessageEndpointFactory factory) {
    endpoints.put(spec, factory);
  }

  void deactivated(SipActivationSpec spec, MessageEndpointFactory factory) {
    endpoints.remove(spec, factory);
  }

  void clear() {
    endpoints.clear();
  }

  /** The endpoint factory of a listening application, or null while none listens. */
  MessageEndpointFactory endpointFactory() {
    return anyEndpoint().map(Map.Entry::getValue).orElse(null);
  }

  /** The line table's question; null while no application listens. */
  CompletionStage<LineRoutes> lineRoutes(Instant changedSince) {
    Optional<Map.Entry<SipActivationSpec, MessageEndpointFactory>> endpoint = anyEndpoint();
    if (endpoint.isEmpty()) {
      return null;
    }
    EndpointWork<LineRoutes> work =
        new EndpointWork<>(
            endpoint.get().getValue(),
            LINE_ROUTES,
            l -> l.lineRoutes(changedSince),
            "line routes since " + changedSince,
            Level.FINE); // LineTable says it
    try {
      workManager.scheduleWork(work);
    } catch (WorkException e) {
      return CompletableFuture.failedFuture(e);
    }
    return work.result();
  }

  /**
   * One line's route, waited for up to the activation's lookup timeout; null to proxy the call
   * unwatched.
   */
  LineRoute lookupLine(String number) {
    Optional<Map.Entry<SipActivationSpec, MessageEndpointFactory>> endpoint = anyEndpoint();
    if (endpoint.isEmpty()) {
      return null; // no application yet: proxy the call unwatched
    }
    EndpointWork<LineRoute> work =
        new EndpointWork<>(
            endpoint.get().getValue(),
            LOOKUP_LINE,
            l -> l.lookupLine(number),
            "line lookup " + number);
    long timeout = endpoint.get().getKey().getLookupTimeoutMillis();
    try {
      workManager.scheduleWork(work, timeout, null, null);
      return work.result().get(timeout, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (Exception e) {
      LOG.log(
          Level.WARNING,
          () ->
              "Line lookup for "
                  + number
                  + " failed or timed out ("
                  + e
                  + "); call proxied unwatched");
      return null;
    }
  }

  /** The IVR's questions, asked on its media threads. */
  final IvrUserAgent.Application ivr =
      new IvrUserAgent.Application() {
        @Override
        public IvrCaller caller(String callerNumber) throws Exception {
          return callEndpoint(
              IVR_CALLER, l -> l.ivrCaller(callerNumber), "IVR caller " + callerNumber);
        }

        @Override
        public TemporaryPasswordOutcome setTemporaryPassword(
            String line, IvrService service, String password, String callerNumber)
            throws Exception {
          return callEndpoint(
              SET_TEMPORARY_PASSWORD,
              l -> l.setTemporaryPassword(line, service, password, callerNumber),
              "IVR temporary password of " + line + " from " + callerNumber);
        }
      };

  /**
   * Asks the application and waits for its answer; for callers on worker threads, never SIP
   * threads.
   */
  private <T> T callEndpoint(
      Method method, Function<CallListener, T> invocation, String description) throws Exception {
    Map.Entry<SipActivationSpec, MessageEndpointFactory> endpoint =
        anyEndpoint().orElseThrow(() -> new IllegalStateException("no application is listening"));
    EndpointWork<T> work = new EndpointWork<>(endpoint.getValue(), method, invocation, description);
    workManager.scheduleWork(work);
    return work.result().get(IVR_APPLICATION_TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  private Optional<Map.Entry<SipActivationSpec, MessageEndpointFactory>> anyEndpoint() {
    Iterator<Map.Entry<SipActivationSpec, MessageEndpointFactory>> it =
        endpoints.entrySet().iterator();
    return it.hasNext() ? Optional.of(it.next()) : Optional.empty();
  }
}
