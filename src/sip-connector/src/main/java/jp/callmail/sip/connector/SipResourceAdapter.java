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
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Timer;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Logger;
import javax.management.StandardMBean;
import javax.transaction.xa.XAResource;
import jp.callmail.sip.api.CallListener;
import jp.callmail.sip.api.LineRoutingUpdates;
import jp.callmail.sip.connector.call.AnsweredCalls;
import jp.callmail.sip.connector.ivr.IvrSettings;
import jp.callmail.sip.connector.ivr.PromptLibrary;
import jp.callmail.sip.connector.ivr.RtpPortPool;
import jp.callmail.sip.connector.journal.CallJournal;
import jp.callmail.sip.connector.journal.CallJournalMXBean;
import jp.callmail.sip.connector.journal.JournalSettings;
import jp.callmail.sip.connector.proxy.PlatformMBeans;
import jp.callmail.sip.connector.proxy.ProxyScheduler;
import jp.callmail.sip.connector.proxy.ProxySettings;
import jp.callmail.sip.connector.proxy.SipProxyServer;
import jp.callmail.sip.connector.trust.Peers;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The SIP connector: owns one JAIN-SIP stack running the callmail proxy and the temporary-password
 * IVR, and delivers what they learn to the application's message-driven bean through the
 * WorkManager only; the IVR's calls also run their media on WorkManager threads. Completed calls go
 * through {@link CallRecordDelivery} and its durable journal, the adapter's questions to the
 * application through {@link ApplicationCalls}; this class is the JCA lifecycle and the wiring.
 *
 * <p>The stack starts with the adapter, before any application is deployed, so calls keep flowing
 * (unwatched) while the application is down. Timers use the container's JCA timer.
 *
 * <p>Why it is over 400 lines: most of it is the JavaBean properties that the JCA container sets
 * from {@code @ConfigProperty}; what the adapter does lives in {@link ApplicationCalls} and {@link
 * CallRecordDelivery}.
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

  /**
   * The first replay of pending call records after a failure; later ones double up to
   * callmail.sip.journal-replay-seconds.
   */
  private static final Duration FIRST_REPLAY_DELAY = Duration.ofSeconds(1);

  /** Most pending call records a replay hands to the application at once. */
  private static final int MAX_REPLAYS_IN_FLIGHT = 16;

  @ConfigProperty(
      defaultValue = "127.0.0.1",
      description = "IP address to listen on; also put in Via and Record-Route")
  private String listenAddress = "127.0.0.1";

  @ConfigProperty(defaultValue = "5060", description = "SIP port, for every transport")
  private Integer port = 5060;

  @ConfigProperty(defaultValue = "udp,tcp", description = "Transports to listen on: udp, tcp")
  private String transports = "udp,tcp";

  @ConfigProperty(
      defaultValue = "",
      description = "SIP URI of the next hop for requests with no Route and no line route")
  private String defaultNextHop = "";

  @ConfigProperty(
      defaultValue = Peers.LOOPBACK,
      description =
          "Network elements callmail talks to: address or CIDR range [=upstream|downstream|upstream+downstream], comma-separated")
  private String peers = Peers.LOOPBACK;

  @ConfigProperty(
      defaultValue = "",
      description = "Older setting: IP addresses added to the peers as upstream")
  private String trustedUpstreams = "";

  @ConfigProperty(
      defaultValue = "180",
      description = "Timer C in seconds: longest wait for an INVITE's final response")
  private Integer timerCSeconds = 180;

  @ConfigProperty(
      defaultValue = "40000",
      description = "Most SIP server transactions held; beyond them new calls get 503")
  private Integer maxServerTransactions = 40000;

  @ConfigProperty(
      defaultValue = "100000",
      description =
          "Most answered calls to service lines watched for a switch to fax until their BYE; the oldest is dropped beyond")
  private Integer answeredCallsMax = AnsweredCalls.Settings.DEFAULT_MAX_CALLS;

  @ConfigProperty(
      defaultValue = "12",
      description =
          "Hours an answered call is watched for a switch to fax when no BYE ends it (1-168)")
  private Integer answeredCallHours = (int) AnsweredCalls.Settings.DEFAULT_MAX_LIFETIME.toHours();

  @ConfigProperty(
      defaultValue = "2",
      description = "Seconds between refreshes of the line table from the application")
  private Integer lineRefreshSeconds = 2;

  @ConfigProperty(
      defaultValue = "0722427142",
      description = "Number of the temporary-password IVR, or off")
  private String ivrNumber = "0722427142";

  @ConfigProperty(defaultValue = "20000", description = "Lowest UDP port of the IVR's RTP sockets")
  private Integer rtpPortMin = RtpPortPool.DEFAULT_MIN;

  @ConfigProperty(defaultValue = "20999", description = "Highest UDP port of the IVR's RTP sockets")
  private Integer rtpPortMax = RtpPortPool.DEFAULT_MAX;

  private WorkManager workManager;
  private ApplicationCalls application;
  private volatile Timer timer;
  private final TimerScheduler scheduler = new TimerScheduler(() -> timer);
  private SipProxyServer server;
  private CallJournal journal;
  private CallRecordDelivery delivery;
  private LineTable lineTable;
  private Duration lineRefresh;

  @Override
  public void start(BootstrapContext context) throws ResourceAdapterInternalException {
    workManager = context.getWorkManager();
    application = new ApplicationCalls(workManager);
    ConnectorConfig config = new ConnectorConfig(SipResourceAdapter::configValue);
    ProxySettings settings = config.proxySettings(this);
    lineTable = new LineTable(application::lineRoutes, application::lookupLine, System::nanoTime);
    lineRefresh = config.lineRefresh(this);
    try {
      timer = context.createTimer();
      PlatformMBeans.register(LineTableMXBean.OBJECT_NAME, lineTable);
      PlatformMBeans.register(
          LineRoutingUpdates.OBJECT_NAME,
          new StandardMBean(lineTable, LineRoutingUpdates.class)); // the application's changes
      refreshLinesPeriodically();
      delivery = callRecordDelivery(config, settings.port());
      server =
          new SipProxyServer(
              settings, config.stackProperties(), config.proxyLimits(), config.answeredCalls(this));
      server.start(lineTable, delivery, this::schedule, ivrWiring(config, settings));
    } catch (ResourceAdapterInternalException e) {
      throw e;
    } catch (Exception e) {
      stop();
      throw new ResourceAdapterInternalException(
          "SIP connector could not start on "
              + settings.listenAddress()
              + ":"
              + settings.port()
              + " ("
              + e.getMessage()
              + "). Is the port in use? Set callmail.sip.port or callmail.sip.listen-address.",
          e);
    }
  }

  /**
   * Opens the call record journal (its writer on a WorkManager thread) and publishes it over JMX.
   */
  private CallRecordDelivery callRecordDelivery(ConnectorConfig config, int sipPort)
      throws Exception {
    JournalSettings journalSettings = config.journalSettings(sipPort);
    try {
      journal =
          CallJournal.open(
              journalSettings,
              task -> {
                try {
                  startWork(task);
                } catch (WorkException e) {
                  throw new RejectedExecutionException(e);
                }
              },
              Clock.systemUTC());
    } catch (IOException e) {
      throw new ResourceAdapterInternalException(
          "The call record journal "
              + journalSettings.directory()
              + " cannot be used ("
              + e
              + "). Make it writable or set callmail.sip.journal-dir.",
          e);
    }
    PlatformMBeans.register(CallJournalMXBean.OBJECT_NAME, journal);
    return new CallRecordDelivery(
        journal,
        application::endpointFactory,
        workManager::scheduleWork,
        this::schedule,
        new Backoff(FIRST_REPLAY_DELAY, config.journalReplay()),
        MAX_REPLAYS_IN_FLIGHT);
  }

  /** The IVR answers its number on the proxy's stack; its media runs on WorkManager threads. */
  private SipProxyServer.IvrWiring ivrWiring(ConnectorConfig config, ProxySettings settings)
      throws Exception {
    IvrSettings ivr = config.ivrSettings(this);
    if (ivr == null) {
      return null;
    }
    RtpPortPool ports =
        new RtpPortPool(
            InetAddress.getByName(config.rtpAddress(settings.listenAddress())),
            ivr.rtpPortMin(),
            ivr.rtpPortMax());
    return new SipProxyServer.IvrWiring(
        ivr,
        PromptLibrary.load(ivr.promptDirectory()),
        ports,
        config.ivrMaxCalls(),
        config.ivrMaxCallsPerSource(),
        application.ivr,
        this::startWork);
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
    schedule(
        () -> {
          lineTable.refresh();
          refreshLinesPeriodically();
        },
        lineRefresh);
  }

  @Override
  public void stop() {
    PlatformMBeans.unregister(LineRoutingUpdates.OBJECT_NAME);
    PlatformMBeans.unregister(LineTableMXBean.OBJECT_NAME);
    PlatformMBeans.unregister(CallJournalMXBean.OBJECT_NAME);
    if (server != null) {
      server.stop();
      server = null;
    }
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
    if (delivery != null) {
      delivery.stop();
      delivery = null;
    }
    if (journal != null) {
      journal.close(); // after the proxy: the last completed calls are journalled too
      journal = null;
    }
    if (application != null) {
      application.clear();
    }
  }

  @Override
  public void endpointActivation(MessageEndpointFactory factory, ActivationSpec spec)
      throws ResourceException {
    application.activated((SipActivationSpec) spec, factory);
    lineTable.clear();
    lineTable.refresh();
    LOG.info(() -> "Call listener activated: " + factory.getActivationName());
    if (delivery != null) {
      delivery.replayNow(); // records journalled while no application listened, or before a restart
    }
  }

  @Override
  public void endpointDeactivation(MessageEndpointFactory factory, ActivationSpec spec) {
    application.deactivated((SipActivationSpec) spec, factory);
    lineTable.clear();
    LOG.info(() -> "Call listener deactivated: " + factory.getActivationName());
  }

  @Override
  public XAResource[] getXAResources(ActivationSpec[] specs) {
    return new XAResource[0];
  }

  private ProxyScheduler.Cancellable schedule(Runnable task, Duration delay) {
    return scheduler.schedule(task, delay);
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

  static Method listenerMethod(String name, Class<?>... parameters) {
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

  public Integer getAnsweredCallsMax() {
    return answeredCallsMax;
  }

  public void setAnsweredCallsMax(Integer answeredCallsMax) {
    this.answeredCallsMax = answeredCallsMax;
  }

  public Integer getAnsweredCallHours() {
    return answeredCallHours;
  }

  public void setAnsweredCallHours(Integer answeredCallHours) {
    this.answeredCallHours = answeredCallHours;
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
