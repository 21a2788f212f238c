package jp.callmail.sip.connector;

import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.Work;
import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import jp.callmail.sip.api.CallListener;

/**
 * One invocation of a message-driven bean, run by the WorkManager with the JCA delivery contract:
 * createEndpoint, beforeDelivery, invoke, afterDelivery, and release in every case. The result
 * completes after afterDelivery, where the container commits the bean's transaction, so that a
 * failed commit counts as a failed delivery.
 *
 * @param <T> what the invocation returns
 */
final class EndpointWork<T> implements Work {

  private static final Logger LOG = Logger.getLogger(EndpointWork.class.getName());

  private final MessageEndpointFactory factory;
  private final Method method;
  private final Function<CallListener, T> invocation;
  private final String description;
  private final Level failureLevel;
  private final CompletableFuture<T> result = new CompletableFuture<>();

  EndpointWork(
      MessageEndpointFactory factory,
      Method method,
      Function<CallListener, T> invocation,
      String description) {
    this(factory, method, invocation, description, Level.SEVERE);
  }

  /**
   * @param failureLevel how loudly a failure is logged here; the caller also sees it in {@link
   *     #result()}
   */
  EndpointWork(
      MessageEndpointFactory factory,
      Method method,
      Function<CallListener, T> invocation,
      String description,
      Level failureLevel) {
    this.factory = factory;
    this.method = method;
    this.invocation = invocation;
    this.description = description;
    this.failureLevel = failureLevel;
  }

  CompletableFuture<T> result() {
    return result;
  }

  @Override
  public void run() {
    MessageEndpoint endpoint = null;
    try {
      endpoint = factory.createEndpoint(null);
      endpoint.beforeDelivery(method);
      T value;
      try {
        value = invocation.apply((CallListener) endpoint);
      } finally {
        endpoint.afterDelivery(); // commits the bean's transaction: only then has it taken the call
      }
      result.complete(value);
    } catch (Exception | LinkageError e) {
      LOG.log(failureLevel, e, () -> "Delivery failed: " + description);
      result.completeExceptionally(e);
    } finally {
      if (endpoint != null) {
        endpoint.release();
      }
    }
  }

  @Override
  public void release() {
    // run() holds no resources that outlive it.
  }
}
