package jp.callmail.sip.connector;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.Activation;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.ConfigProperty;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.ResourceAdapter;
import java.io.Serializable;
import jp.callmail.sip.api.CallListener;

/**
 * How a message-driven bean receives calls. The SIP stack's own settings belong to the adapter (one
 * stack per server); an endpoint only says how long a line lookup may take.
 */
@Activation(messageListeners = CallListener.class)
public class SipActivationSpec implements ActivationSpec, Serializable {

  private static final long serialVersionUID = 1L;

  private transient ResourceAdapter resourceAdapter;

  @ConfigProperty(
      defaultValue = "2000",
      description =
          "Longest time in ms a SIP thread waits for this endpoint to look up a called number; "
              + "a call whose lookup takes longer is proxied unwatched")
  private Integer lookupTimeoutMillis = 2000;

  public Integer getLookupTimeoutMillis() {
    return lookupTimeoutMillis;
  }

  public void setLookupTimeoutMillis(Integer lookupTimeoutMillis) {
    this.lookupTimeoutMillis = lookupTimeoutMillis;
  }

  @Override
  public void validate() throws InvalidPropertyException {
    if (lookupTimeoutMillis == null || lookupTimeoutMillis < 10 || lookupTimeoutMillis > 60_000) {
      throw new InvalidPropertyException(
          "lookupTimeoutMillis must be between 10 and 60000 ms, not " + lookupTimeoutMillis);
    }
  }

  @Override
  public ResourceAdapter getResourceAdapter() {
    return resourceAdapter;
  }

  @Override
  public void setResourceAdapter(ResourceAdapter resourceAdapter) throws ResourceException {
    this.resourceAdapter = resourceAdapter;
  }
}
