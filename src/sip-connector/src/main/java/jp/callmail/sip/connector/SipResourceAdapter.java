package jp.callmail.sip.connector;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.ConfigProperty;
import jakarta.resource.spi.Connector;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterInternalException;
import jakarta.resource.spi.TransactionSupport;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkException;
import jakarta.resource.spi.work.WorkManager;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Timer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.transaction.xa.XAResource;
import jp.callmail.sip.api.CallCompletedRecord;
import jp.callmail.sip.api.CallListener;
import jp.callmail.sip.api.IvrCaller;
import jp.callmail.sip.api.IvrService;
import jp.callmail.sip.api.LineRoute;
import jp.callmail.sip.api.LineRoutes;
import jp.callmail.sip.api.TemporaryPasswordOutcome;
import jp.callmail.sip.connector.ivr.IvrSettings;
import jp.callmail.sip.connector.ivr.IvrUserAgent;
import jp.callmail.sip.connector.ivr.PromptLibrary;
import jp.callmail.sip.connector.ivr.RtpPortPool;
import jp.callmail.sip.connector.proxy.ProxyScheduler;
import jp.callmail.sip.connector.proxy.PlatformMBeans;
import jp.callmail.sip.connector.proxy.ProxySettings;
import jp.callmail.sip.connector.proxy.SipProxyServer;
import jp.callmail.sip.connector.trust.Peers;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The SIP connector: owns one JAIN-SIP stack running the callmail proxy and the temporary-password
 * IVR, and delivers what they learn to the application's message-driven bean through the
 * WorkManager only; the IVR's calls also run their media on WorkManager threads.
 *
 * <p>The stack starts with the adapter, before any application is deployed, so calls keep flowing
 * (unwatched) while the application is down. Timers use the container's JCA timer.
 */
@Connector(
    displayName = "callmail SIP connector",
    description = "Record-routing stateful SIP proxy that reports completed calls to service lines",
    vendorName = "callmail",
    eisType = "SIP",
    version = "1.0",
    transactionSupport = TransactionSupport.TransactionSupportLevel.NoTransaction)
public class SipResourceAdapter implements ResourceAdapter {

  private static final Logger LOG = Logger.getLogger(SipResourceAdapter.class.getName());
  private static final Method LOOKUP_LINE = listenerMethod("lookupLine", String.class);
  private static final Method LINE_ROUTES = listenerMethod("lineRoutes", Instant.class);
  private static final int MAX_DELIVERY_ATTEMPTS = 30;
  private static final long MAX_RETRY_DELAY_MILLIS = 300_000;
  private static final Method CALL_COMPLETED = listenerMethod("callCompleted", CallCompletedRecord.class);
  private static final Method IVR_CALLER = listenerMethod("ivrCaller", String.class);
  private static final Method SET_TEMPORARY_PASSWORD =
      listenerMethod("setTemporaryPassword", String.class, IvrService.class, String.class, String.class);
  /** The IVR caller waits this long for the application (PBKDF2 hashing takes about a second). */
  private static final long IVR_APPLICATION_TIMEOUT_SECONDS = 15;

  @ConfigProperty(defaultValue = "127.0.0.1", description = "IP address to listen on; also put in Via and Record-Route")
  private String listenAddress = "127.0.0.1";

  @ConfigProperty(defaultValue = "5060", description = "SIP port, for every transport")
  private Integer port = 5060;

  @ConfigProperty(defaultValue = "udp,tcp", description = "Transports to listen on: udp, tcp")
  private String transports = "udp,tcp";

  @ConfigProperty(defaultValue = "", description = "SIP URI of the next hop for requests with no Route and no line route")
  private String defaultNextHop = "";

  @ConfigProperty(
      defaultValue = Peers.LOOPBACK,
      description = "Network elements callmail talks to: address or CIDR range [=upstream|downstream|upstream+downstream], comma-separated")
  private String peers = Peers.LOOPBACK;

  @ConfigProperty(defaultValue = "", description = "Older setting: IP addresses added to the peers as upstream")
  private String trustedUpstreams = "";

  @ConfigProperty(defaultValue = "180", description = "Timer C in seconds: longest wait for an INVITE's final response")
  private Integer timerCSeconds = 180;

  @ConfigProperty(defaultValue = "40000", description = "Most SIP server transactions held; beyond them new calls get 503")
  private Integer maxServerTransactions = 40000;

  @ConfigProperty(defaultValue = "2", description = "Seconds between refreshes of the line table from the application")
  private Integer lineRefreshSeconds = 2;

  @ConfigProperty(defaultValue = "0722427142", description = "Number of the temporary-password IVR, or off")
  private String ivrNumber = "0722427142";

  @ConfigProperty(defaultValue = "20000", description = "Lowest UDP port of the IVR's RTP sockets")
  private Integer rtpPortMin = RtpPortPool.DEFAULT_MIN;

  @ConfigProperty(defaultValue = "20999", description = "Highest UDP port of the IVR's RTP sockets")
  private Integer rtpPortMax = RtpPortPool.DEFAULT_MAX;

  private final Map<SipActivationSpec, MessageEndpointFactory> endpoints = new ConcurrentHashMap<>();
  private WorkManager workManager;
  private volatile Timer timer;
  private final TimerScheduler scheduler = new TimerScheduler(() -> timer);
  private SipProxyServer server;
  private LineTable lineTable;
  private Duration lineRefresh;

  @Override
  public void start(BootstrapContext context) throws ResourceAdapterInternalException {
    workManager = context.getWorkManager();
    ConnectorConfig config = new ConnectorConfig(SipResourceAdapter::configValue);
    ProxySettings settings = config.proxySettings(this);
    lineTable = new LineTable(this::lineRoutesThroughEndpoint, this::lookupThroughEndpoint, System::nanoTime);
    lineRefresh = config.lineRefresh(this);
    try {
      timer = context.createTimer();
      PlatformMBeans.register(LineTableMXBean.OBJECT_NAME, lineTable);
      refreshLinesPeriodically();
      server = new SipProxyServer(settings, config.stackProperties(), config.proxyLimits());
      server.start(lineTable, this::deliver, this::schedule, ivrWiring(config, settings));
    } catch (ResourceAdapterInternalException e) {
      throw e;
    } catch (Exception e) {
      stop();
      throw new ResourceAdapterInternalException(
          "SIP connector could not start on " + settings.listenAddress() + ":" + settings.port()
              + " (" + e.getMessage() + "). Is the port in use? Set callmail.sip.port or callmail.sip.listen-address.",
          e);
    }
  }

  /** The IVR answers its number on the proxy's stack; its media runs on WorkManager threads. */
  private SipProxyServer.IvrWiring ivrWiring(ConnectorConfig config, ProxySettings settings) throws Exception {
    IvrSettings ivr = config.ivrSettings(this);
    if (ivr == null) {
      return null;
    }
    RtpPortPool ports =
        new RtpPortPool(InetAddress.getByName(config.rtpAddress(settings.listenAddress())), ivr.rtpPortMin(), ivr.rtpPortMax());
    return new SipProxyServer.IvrWiring(
        ivr, PromptLibrary.load(ivr.promptDirectory()), ports, config.ivrMaxCalls(), config.ivrMaxCallsPerSource(), ivrApplication, this::startWork);
  }

  private final IvrUserAgent.Application ivrApplication =
      new IvrUserAgent.Application() {
        @Override
        public IvrCaller caller(String callerNumber) throws Exception {
          return callEndpoint(IVR_CALLER, l -> l.ivrCaller(callerNumber), "IVR caller " + callerNumber);
        }

        @Override
        public TemporaryPasswordOutcome setTemporaryPassword(
            String line, IvrService service, String password, String callerNumber) throws Exception {
          return callEndpoint(
              SET_TEMPORARY_PASSWORD,
              l -> l.setTemporaryPassword(line, service, password, callerNumber),
              "IVR temporary password of " + line + " from " + callerNumber);
        }
      };

  /** Asks the application and waits for its answer; for callers on worker threads, never SIP threads. */
  private <T> T callEndpoint(Method method, Function<CallListener, T> invocation, String description) throws Exception {
    Map.Entry<SipActivationSpec, MessageEndpointFactory> endpoint =
        anyEndpoint().orElseThrow(() -> new IllegalStateException("no application is listening"));
    EndpointWork<T> work = new EndpointWork<>(endpoint.getValue(), method, invocation, description);
    workManager.scheduleWork(work);
    return work.result().get(IVR_APPLICATION_TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  private void startWork(Runnable task) throws WorkException {
    workManager.scheduleWork(
        new Work() {
          @Override
          public void run() {
            task.run();
          }

          @Override
          public void release() {
            // the task ends when its call ends
          }
        });
  }

  private void refreshLinesPeriodically() {
    schedule(() -> {
      lineTable.refresh();
      refreshLinesPeriodically();
    }, lineRefresh);
  }

  @Override
  public void stop() {
    PlatformMBeans.unregister(LineTableMXBean.OBJECT_NAME); // the application tells the table of its changes over JMX
    if (server != null) {
      server.stop();
      server = null;
    }
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
    endpoints.clear();
  }

  @Override
  public void endpointActivation(MessageEndpointFactory factory, ActivationSpec spec) throws ResourceException {
    endpoints.put((SipActivationSpec) spec, factory);
    lineTable.clear();
    lineTable.refresh();
    LOG.info(() -> "Call listener activated: " + factory.getActivationName());
  }

  @Override
  public void endpointDeactivation(MessageEndpointFactory factory, ActivationSpec spec) {
    endpoints.remove((SipActivationSpec) spec, factory);
    lineTable.clear();
    LOG.info(() -> "Call listener deactivated: " + factory.getActivationName());
  }

  @Override
  public XAResource[] getXAResources(ActivationSpec[] specs) {
    return new XAResource[0];
  }

  private CompletionStage<LineRoutes> lineRoutesThroughEndpoint(Instant changedSince) {
    Optional<Map.Entry<SipActivationSpec, MessageEndpointFactory>> endpoint = anyEndpoint();
    if (endpoint.isEmpty()) {
      return null;
    }
    EndpointWork<LineRoutes> work = new EndpointWork<>(endpoint.get().getValue(), LINE_ROUTES,
        l -> l.lineRoutes(changedSince), "line routes since " + changedSince, Level.FINE); // LineTable says it
    try {
      workManager.scheduleWork(work);
    } catch (WorkException e) {
      return CompletableFuture.failedFuture(e);
    }
    return work.result();
  }

  private LineRoute lookupThroughEndpoint(String number) {
    Optional<Map.Entry<SipActivationSpec, MessageEndpointFactory>> endpoint = anyEndpoint();
    if (endpoint.isEmpty()) {
      return null; // no application yet: proxy the call unwatched
    }
    EndpointWork<LineRoute> work =
        new EndpointWork<>(endpoint.get().getValue(), LOOKUP_LINE, l -> l.lookupLine(number), "line lookup " + number);
    long timeout = endpoint.get().getKey().getLookupTimeoutMillis();
    try {
      workManager.scheduleWork(work, timeout, null, null);
      return work.result().get(timeout, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (Exception e) {
      LOG.log(Level.WARNING, () -> "Line lookup for " + number + " failed or timed out (" + e + "); call proxied unwatched");
      return null;
    }
  }

  private void deliver(CallCompletedRecord record) {
    deliver(record, 1);
  }

  /**
   * Hands a record to the application, retrying with back-off (1 s, 2 s, 4 s ... at most 5 min,
   * about two hours in all) while the application cannot take it, e.g. while it is being
   * redeployed or its database is down. The
   * application ignores a call-id it already logged, so a retry after an unclear failure is safe.
   */
  private void deliver(CallCompletedRecord record, int attempt) {
    Optional<Map.Entry<SipActivationSpec, MessageEndpointFactory>> endpoint = anyEndpoint();
    if (endpoint.isEmpty()) {
      retryDelivery(record, attempt, "no application is listening");
      return;
    }
    EndpointWork<Void> work =
        new EndpointWork<>(
            endpoint.get().getValue(),
            CALL_COMPLETED,
            l -> {
              l.callCompleted(record);
              return null;
            },
            "call completed call-id=" + record.callId() + " attempt " + attempt);
    work.result().whenComplete((ok, failure) -> {
      if (failure != null) {
        retryDelivery(record, attempt, failure.toString());
      }
    });
    try {
      workManager.scheduleWork(work);
    } catch (WorkException e) {
      retryDelivery(record, attempt, e.toString());
    }
  }

  private void retryDelivery(CallCompletedRecord record, int attempt, String why) {
    Timer current = timer;
    if (attempt >= MAX_DELIVERY_ATTEMPTS || current == null) {
      LOG.severe(() -> "Completed call given up after " + attempt + " attempts (" + why + "): " + record);
      return;
    }
    long delay = Math.min(MAX_RETRY_DELAY_MILLIS, 1000L << Math.min(attempt - 1, 16));
    LOG.warning(() -> "Completed call call-id=" + record.callId() + " not delivered (" + why + "); retry in " + delay + " ms");
    schedule(() -> deliver(record, attempt + 1), Duration.ofMillis(delay));
  }

  private ProxyScheduler.Cancellable schedule(Runnable task, Duration delay) {
    return scheduler.schedule(task, delay);
  }

  private Optional<Map.Entry<SipActivationSpec, MessageEndpointFactory>> anyEndpoint() {
    Iterator<Map.Entry<SipActivationSpec, MessageEndpointFactory>> it = endpoints.entrySet().iterator();
    return it.hasNext() ? Optional.of(it.next()) : Optional.empty();
  }

  private static String configValue(String name) {
    try {
      return ConfigProvider.getConfig(SipResourceAdapter.class.getClassLoader())
          .getOptionalValue(name, String.class)
          .orElse(null);
    } catch (RuntimeException | LinkageError noMicroProfileConfig) {
      String env = System.getenv(name.toUpperCase().replaceAll("[^A-Z0-9]", "_"));
      return env != null ? env : System.getProperty(name);
    }
  }

  private static Method listenerMethod(String name, Class<?>... parameters) {
    try {
      return CallListener.class.getMethod(name, parameters);
    } catch (NoSuchMethodException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  // JavaBean properties the container sets from @ConfigProperty and resource adapter config.

  public String getListenAddress() {
    return listenAddress;
  }

  public void setListenAddress(String listenAddress) {
    this.listenAddress = listenAddress;
  }

  public Integer getPort() {
    return port;
  }

  public void setPort(Integer port) {
    this.port = port;
  }

  public String getTransports() {
    return transports;
  }

  public void setTransports(String transports) {
    this.transports = transports;
  }

  public String getDefaultNextHop() {
    return defaultNextHop;
  }

  public void setDefaultNextHop(String defaultNextHop) {
    this.defaultNextHop = defaultNextHop;
  }

  public String getPeers() {
    return peers;
  }

  public void setPeers(String peers) {
    this.peers = peers;
  }

  public String getTrustedUpstreams() {
    return trustedUpstreams;
  }

  public void setTrustedUpstreams(String trustedUpstreams) {
    this.trustedUpstreams = trustedUpstreams;
  }

  public Integer getTimerCSeconds() {
    return timerCSeconds;
  }

  public void setTimerCSeconds(Integer timerCSeconds) {
    this.timerCSeconds = timerCSeconds;
  }

  public String getIvrNumber() {
    return ivrNumber;
  }

  public void setIvrNumber(String ivrNumber) {
    this.ivrNumber = ivrNumber;
  }

  public Integer getRtpPortMin() {
    return rtpPortMin;
  }

  public void setRtpPortMin(Integer rtpPortMin) {
    this.rtpPortMin = rtpPortMin;
  }

  public Integer getRtpPortMax() {
    return rtpPortMax;
  }

  public void setRtpPortMax(Integer rtpPortMax) {
    this.rtpPortMax = rtpPortMax;
  }

  public Integer getMaxServerTransactions() {
    return maxServerTransactions;
  }

  public void setMaxServerTransactions(Integer maxServerTransactions) {
    this.maxServerTransactions = maxServerTransactions;
  }

  public Integer getLineRefreshSeconds() {
    return lineRefreshSeconds;
  }

  public void setLineRefreshSeconds(Integer lineRefreshSeconds) {
    this.lineRefreshSeconds = lineRefreshSeconds;
  }

  @Override
  public boolean equals(Object other) {
    return this == other;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }
}
