package jp.callmail.sip.connector.proxy;

import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.MessageProcessorFactory;
import gov.nist.javax.sip.stack.OIOMessageProcessorFactory;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import javax.sip.ListeningPoint;

/**
 * The stack's listeners: {@link BoundedUdpMessageProcessor} for UDP, the stock ones otherwise.
 * {@link SipProxyServer} names this class as the stack's gov.nist.javax.sip.MESSAGE_PROCESSOR_FACTORY.
 */
public final class BoundedUdpProcessorFactory implements MessageProcessorFactory {

  private final MessageProcessorFactory stock = new OIOMessageProcessorFactory();

  @Override
  public MessageProcessor createMessageProcessor(SIPTransactionStack stack, InetAddress address, int port,
      String transport) throws IOException {
    if (!ListeningPoint.UDP.equalsIgnoreCase(transport)) {
      return stock.createMessageProcessor(stack, address, port, transport);
    }
    MessageProcessor udp = new BoundedUdpMessageProcessor(address, stack, port, (Integer) stackField(stack, "threadPoolSize"));
    // What the stock factory does for UDP: responses and requests leave from the listening socket,
    // not from a socket opened per message.
    setStackField(stack, "udpFlag", true);
    return udp;
  }

  // The stack keeps both fields to its own package; jain-sip-ri 1.3.0-91 is pinned in the pom.

  private static Object stackField(SIPTransactionStack stack, String name) throws IOException {
    try {
      return field(name).get(stack);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IOException("This jain-sip has no " + name + ": " + e, e);
    }
  }

  private static void setStackField(SIPTransactionStack stack, String name, Object value) throws IOException {
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
