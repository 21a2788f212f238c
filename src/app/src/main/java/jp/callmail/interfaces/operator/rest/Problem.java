package jp.callmail.interfaces.operator.rest;

/**
 * An RFC 9457 problem detail, extended with the input field and the rule it broke.
 *
 * @param type a URI naming the kind of problem ({@code urn:callmail:problem:<rule>})
 * @param title short, human-readable summary of the kind
 * @param status the HTTP status
 * @param detail what exactly went wrong and what to do
 * @param field the input that is wrong, when there is one
 * @param rule the broken rule's identifier
 */
public record Problem(
    String type, String title, int status, String detail, String field, String rule) {

  public static final String MEDIA_TYPE = "application/problem+json";
}
