package io.streamguard.api.system;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Text we can check, store and return as it came: no unpaired UTF-16 surrogate (it has no UTF-8
 * form) and no NUL (Postgres text cannot hold it). Null is left to {@code @NotNull}.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = WellFormedText.Validator.class)
public @interface WellFormedText {

    String message() default "must be well-formed text: no NUL character and no unpaired surrogate";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Validator implements ConstraintValidator<WellFormedText, CharSequence> {

        @Override
        public boolean isValid(CharSequence text, ConstraintValidatorContext context) {
            return text == null || firstProblem(text) < 0;
        }

        /** The index of the first NUL or unpaired surrogate, or -1. */
        static int firstProblem(CharSequence text) {
            for (int i = 0, n = text.length(); i < n; i++) {
                char c = text.charAt(i);
                if (c == 0) {
                    return i;
                }
                if (Character.isHighSurrogate(c)) {
                    if (i + 1 == n || !Character.isLowSurrogate(text.charAt(i + 1))) {
                        return i;
                    }
                    i++;
                } else if (Character.isLowSurrogate(c)) {
                    return i;
                }
            }
            return -1;
        }
    }
}
