package jp.callmail.domain.model.line;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NotificationPolicyTest {

  @Test
  void noDesignatedNumbersMeansAnEmptySet() {
    assertThat(new NotificationPolicy(true, true, false, null).designatedNumbers()).isEmpty();
  }

  @Test
  void keepsItsOwnUnmodifiableCopy() {
    Set<String> numbers = new HashSet<>(Set.of("0612345678"));
    NotificationPolicy policy = new NotificationPolicy(true, true, false, numbers);

    numbers.add("0398765432");

    assertThat(policy.designatedNumbers()).containsExactly("0612345678");
    assertThatThrownBy(() -> policy.designatedNumbers().add("0311112222"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"06-1234-5678", "+81612345678", "", " 0612345678", "06123４5678"})
  void refusesANumberThatIsNotDigitsOnly(String number) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new NotificationPolicy(true, true, false, Set.of(number)))
        .withMessageContaining("digits only");
  }

  @Test
  void refusesANullNumber() {
    Set<String> numbers = new HashSet<>();
    numbers.add(null);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> new NotificationPolicy(true, true, false, numbers))
        .withMessageContaining("digits only");
  }

  @Test
  void acceptsThirtyNumbersAndRefusesThirtyOne() {
    assertThat(new NotificationPolicy(true, true, false, numbers(30)).designatedNumbers())
        .hasSize(30);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new NotificationPolicy(true, true, false, numbers(31)))
        .withMessageContaining("At most 30");
  }

  @Test
  void tellsWhetherANumberIsDesignated() {
    NotificationPolicy policy = new NotificationPolicy(true, true, false, Set.of("0612345678"));

    assertThat(policy.isDesignated("0612345678")).isTrue();
    assertThat(policy.isDesignated("0398765432")).isFalse();
  }

  private static Set<String> numbers(int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> String.format("06%08d", i))
        .collect(Collectors.toSet());
  }
}
