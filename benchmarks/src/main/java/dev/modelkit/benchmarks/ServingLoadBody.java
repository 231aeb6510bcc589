package dev.modelkit.benchmarks;

/** The request body of the HTTP load tests: one German Credit applicant, as a client sends it. */
final class ServingLoadBody {
  /** {@code {"features": {...}}} with the 20 German Credit inputs. */
  static final String BODY = "{\"features\": {\"checking_status\": \"<0\", \"duration\": 24, "
      + "\"credit_history\": \"existing paid\", \"purpose\": \"radio/tv\", \"credit_amount\": 2500, "
      + "\"savings_status\": \"<100\", \"employment\": \"1<=X<4\", \"installment_commitment\": 3, "
      + "\"personal_status\": \"male single\", \"other_parties\": \"none\", \"residence_since\": 2, "
      + "\"property_magnitude\": \"car\", \"age\": 35, \"other_payment_plans\": \"none\", \"housing\": \"own\", "
      + "\"existing_credits\": 1, \"job\": \"skilled\", \"num_dependents\": 1, \"own_telephone\": \"none\", "
      + "\"foreign_worker\": \"yes\"}}";

  private ServingLoadBody() {}
}
