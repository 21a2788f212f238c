package jp.callmail.sip.connector.proxy;

import gov.nist.core.CommonLogger;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.JMException;
import javax.sip.ListeningPoint;
import javax.sip.ObjectInUseException;
import javax.sip.SipFactory;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import jp.callmail.sip.connector.call.AnsweredCalls;
import jp.callmail.sip.connector.ivr.IvrSettings;
import jp.callmail.sip.connector.ivr.IvrUserAgent;
import jp.callmail.sip.connector.ivr.PromptLibrary;
import jp.callmail.sip.connector.ivr.RtpPortPool;
import jp.callmail.sip.connector.logging.JulStackLogger;
import jp.callmail.sip.connector.logging.MalformedInputLog;
import jp.callmail.sip.connector.stack.KeyedTransactionStack;
import jp.callmail.sip.connector.stack.ReceptionDelay;
import jp.callmail.sip.connector.stack.SafeMessageParserFactory;
import jp.callmail.sip.connector.stack.StackProcessorFactory;

/**
 * Lifecycle of one JAIN-SIP stack running the proxy: listening points and the provider are made on
 * start and deleted on stop (retrying while the stack still uses them), so that a redeploy frees
 * the port.
 */
public final class SipProxyServer {

  private static final Logger LOG = Logger.getLogger(SipProxyServer.class.getName());

  private final ProxySettings settings;
  private final Properties stackProperties;
  private final ProxyLimits limits;
  private final AnsweredCalls.Settings answeredCalls;
  private SipStack stack;
  private SipProvider provider;
  private final List<ListeningPoint> listeningPoints = new ArrayList<>();
  private SipProxy proxy;
  private AnsweredCalls answered;
  private IvrUserAgent userAgent;
  private RequestAdmission admission;
  private ProxyScheduler.Cancellable logFlush;

  public SipProxyServer(ProxySettings settings, Properties stackProperties) {
    this(settings, stackProperties, ProxyLimits.DEFAULTS);
  }

  public SipProxyServer(ProxySettings settings, Properties stackProperties, ProxyLimits limits) {
    this(settings, stackProperties, limits, AnsweredCalls.Settings.DEFAULTS);
  }

  /**
   * @param answeredCalls how many answered calls are watched for a switch to fax, and how long
   */
  public SipProxyServer(
      ProxySettings settings,
      Properties stackProperties,
      ProxyLimits limits,
      AnsweredCalls.Settings answeredCalls) {
    this.settings = settings;
    this.stackProperties = stackProperties;
    this.limits = limits;
    this.answeredCalls = answeredCalls;
  }

  /** What the IVR needs besides the stack; see {@link IvrUserAgent}. */
  public record IvrWiring(
      IvrSettings settings,
      PromptLibrary prompts,
      RtpPortPool ports,
      int maxCalls,
      int maxCallsPerSource,
      IvrUserAgent.Application application,
      IvrUserAgent.Worker worker) {}

  /**
   * Starts the stack with the proxy, and with the IVR answering its number when {@code ivr} is
   * given.
   */
  public synchronized SipProxy start(
      LineLookup lines, CallSink calls, ProxyScheduler scheduler, IvrWiring ivr) throws Exception {
    routeStackLoggingToJul();
    Properties properties = new Properties();
    properties.putAll(stackProperties);
    properties.setProperty(
        "javax.sip.STACK_NAME", "callmail-" + settings.listenAddress() + "-" + settings.port());
    properties.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
    properties.setProperty(
        "gov.nist.javax.sip.MESSAGE_PARSER_FACTORY", SafeMessageParserFactory.class.getName());
    properties.setProperty(
        "gov.nist.javax.sip.MESSAGE_PROCESSOR_FACTORY", StackProcessorFactory.class.getName());
    limits.tcp().writeTo(properties);
    properties.setProperty("gov.nist.javax.sip.STACK_LOGGER", JulStackLogger.class.getName());
    properties.setProperty(
        "gov.nist.javax.sip.SERVER_LOGGER",
        jp.callmail.sip.connector.logging.JulServerLogger.class.getName());
    SipFactory factory = SipFactory.getInstance();
    factory.setPathName("gov.nist");
    try {
      // What SipFactory.createSipStack makes, with lookups by key (RFC 3261 §9.2, §17.1.3).
      stack = new KeyedTransactionStack(properties);
      for (String transport : settings.transports()) {
        ListeningPoint point =
            stack.createListeningPoint(settings.listenAddress(), settings.port(), transport);
        listeningPoints.add(point);
        if (provider == null) {
          provider = stack.createSipProvider(point);
        } else {
          provider.addListeningPoint(point);
        }
      }
      answered = AnsweredCalls.withSystemClocks(answeredCalls);
      proxy =
          new SipProxy(
              provider,
              factory.createMessageFactory(),
              factory.createHeaderFactory(),
              factory.createAddressFactory(),
              settings,
              lines,
              calls,
              answered,
              scheduler);
      Responder shed =
          new Responder(provider, factory.createMessageFactory(), factory.createHeaderFactory());
      SIPTransactionStack transactions = (SIPTransactionStack) stack;
      admission =
          new RequestAdmission(
              limits.admission(),
              transactions::getServerTransactionTableSize,
              settings.maxServerTransactions(),
              shed::respondOverloaded,
              System::nanoTime,
              ReceptionDelay::lateMillis);
      proxy.attachAdmission(admission);
      if (ivr != null) {
        userAgent =
            new IvrUserAgent(
                provider,
                factory.createMessageFactory(),
                factory.createHeaderFactory(),
                factory.createAddressFactory(),
                settings.listenAddress(),
                settings.port(),
                ivr.settings(),
                ivr.prompts(),
                ivr.ports(),
                ivr.maxCalls(),
                ivr.maxCallsPerSource(),
                ivr.application(),
                ivr.worker());
        proxy.attachIvr(userAgent);
      }
      provider.addSipListener(proxy);
      stack.start();
    } catch (Exception e) {
      stop();
      throw e;
    }
    registerStatistics();
    flushLogsEveryMinute(scheduler);
    LOG.info(
        () ->
            "SIP proxy listening on "
                + settings.listenAddress()
                + ":"
                + settings.port()
                + " "
                + settings.transports()
                + (ivr == null ? "" : "; IVR answers " + ivr.settings().ivrNumber())
                + "; peers: "
                + settings.peers());
    return proxy;
  }

  /** The running stack (for tests), or null. */
  synchronized SipStack stack() {
    return stack;
  }

  public synchronized void stop() {
    if (stack == null) {
      return;
    }
    unregisterStatistics();
    if (logFlush != null) {
      logFlush.cancel();
      logFlush = null;
    }
    if (userAgent != null) {
      userAgent.stop();
      userAgent = null;
    }
    if (provider != null) {
      if (proxy != null) {
        provider.removeSipListener(proxy);
      }
      deleteWithRetry(() -> stack.deleteSipProvider(provider));
    }
    for (ListeningPoint point : listeningPoints) {
      deleteWithRetry(() -> stack.deleteListeningPoint(point));
    }
    stack.stop();
    listeningPoints.clear();
    provider = null;
    proxy = null;
    stack = null;
    LOG.info(() -> "SIP proxy on port " + settings.port() + " stopped");
  }

  /**
   * Writes the per-minute counts of malformed and shed messages even when the flood has stopped
   * (they are otherwise written with the next such message).
   */
  private synchronized void flushLogsEveryMinute(ProxyScheduler scheduler) {
    if (stack == null) {
      return;
    }
    RequestAdmission current = admission;
    logFlush =
        scheduler.schedule(
            () -> {
              MalformedInputLog.shared().flush();
              current.flush();
              flushLogsEveryMinute(scheduler);
            },
            Duration.ofMinutes(1));
  }

  /** Publishes the stack's load as {@link SipStackMXBean} (one adapter, one stack, one name). */
  private void registerStatistics() {
    SIPTransactionStack transactions = (SIPTransactionStack) stack;
    KeyedTransactionStack keyed = stack instanceof KeyedTransactionStack k ? k : null;
    IvrUserAgent ivr = userAgent;
    AnsweredCalls watched = answered;
    SipStackMXBean statistics =
        new SipStackMXBean() {
          @Override
          public int getServerTransactions() {
            return transactions.getServerTransactionTableSize();
          }

          @Override
          public int getClientTransactions() {
            return transactions.getClientTransactionTableSize();
          }

          @Override
          public long getTransactionScans() {
            return keyed == null ? 0 : keyed.fallbackScans();
          }

          @Override
          public int getQueuedDatagrams() {
            return keyed == null ? 0 : keyed.queuedDatagrams();
          }

          @Override
          public long getDroppedDatagrams() {
            return keyed == null ? 0 : keyed.droppedDatagrams();
          }

          @Override
          public int getDialogs() {
            return transactions.getDialogs().size();
          }

          @Override
          public int getIvrCalls() {
            return ivr == null ? 0 : ivr.activeCalls();
          }

          @Override
          public int getAnsweredCalls() {
            return watched.size();
          }

          @Override
          public long getAnsweredCallsEvicted() {
            return watched.evicted();
          }

          @Override
          public long getAnsweredCallsExpired() {
            return watched.expired();
          }
        };
    try {
      PlatformMBeans.register(SipStackMXBean.OBJECT_NAME, statistics);
    } catch (JMException e) {
      LOG.log(Level.WARNING, "SIP stack statistics not published over JMX", e);
    }
  }

  private static void unregisterStatistics() {
    PlatformMBeans.unregister(SipStackMXBean.OBJECT_NAME);
  }

  /** jain-sip-ri calls log4j 1.x unless told to use a legacy logger; ours writes to JUL. */
  private static void routeStackLoggingToJul() {
    synchronized (CommonLogger.class) {
      if (!(CommonLogger.legacyLogger instanceof JulStackLogger)) {
        CommonLogger.legacyLogger = new JulStackLogger();
      }
      CommonLogger.useLegacyLogger = true;
    }
  }

  private interface Deletion {
    void run() throws ObjectInUseException;
  }

  private static void deleteWithRetry(Deletion deletion) {
    for (int attempt = 1; attempt <= 10; attempt++) {
      try {
        deletion.run();
        return;
      } catch (ObjectInUseException e) {
        try {
          Thread.sleep(100L * attempt);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
    LOG.log(Level.WARNING, "SIP stack object still in use after 10 attempts; stopping anyway");
  }
}
