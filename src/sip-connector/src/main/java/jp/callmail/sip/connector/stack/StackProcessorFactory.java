package jp.callmail.sip.connector.stack;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.MessageProcessorFactory;
import gov.nist.javax.sip.stack.OIOMessageProcessorFactory;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.util.Properties;
import javax.sip.ListeningPoint;

/**
 * The stack's listeners: {@link BoundedUdpMessageProcessor} for UDP, {@link
 * BoundedTcpMessageProcessor} for TCP (with the {@link TcpLimits} found in the stack properties),
 * the stock ones otherwise. {@code SipProxyServer} names this class as the stack's
 * gov.nist.javax.sip.MESSAGE_PROCESSOR_FACTORY.
 */
public final class StackProcessorFactory implements MessageProcessorFactory {

  private final MessageProcessorFactory stock = new OIOMessageProcessorFactory();

  @Override
  public MessageProcessor createMessageProcessor(
      SIPTransactionStack stack, InetAddress address, int port, String transport)
      throws IOException {
    if (ListeningPoint.TCP.equalsIgnoreCase(transport)) {
      return new BoundedTcpMessageProcessor(
          address, stack, port, TcpLimits.readFrom(configuration(stack)));
    }
    if (!ListeningPoint.UDP.equalsIgnoreCase(transport)) {
      return stock.createMessageProcessor(stack, address, port, transport);
    }
    MessageProcessor udp =
        new BoundedUdpMessageProcessor(
            address, stack, port, (Integer) stackField(stack, "threadPoolSize"));
    // What the stock factory does for UDP: responses and requests leave from the listening socket,
    // not from a socket opened per message.
    setStackField(stack, "udpFlag", true);
    return udp;
  }

  private static Properties configuration(SIPTransactionStack stack) throws IOException {
    if (stack instanceof SipStackImpl impl && impl.getConfigurationProperties() != null) {
      return impl.getConfigurationProperties();
    }
    throw new IOException(
        "This jain-sip stack ("
            + stack.getClass().getName()
            + ") keeps no configuration properties");
  }

  // The stack keeps both fields to its own package; jain-sip-ri 1.3.0-91 is pinned in the pom.

  private static Object stackField(SIPTransactionStack stack, String name) throws IOException {
    try {
      return field(name).get(stack);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IOException("This jain-sip has no " + name + ": " + e, e);
    }
  }

  private static void setStackField(SIPTransactionStack stack, String name, Object value)
      throws IOException {
    try {
      field(name).set(stack, value);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IOException("This jain-sip has no " + name + " to set: " + e, e);
    }
  }

  private static Field field(String name) throws NoSuchFieldException {
    Field field = SIPTransactionStack.class.getDeclaredField(name);
    field.setAccessible(true);
    return field;
  }
}
