Feature: Retrying a booking request never books twice
  LINE redelivers webhooks and phones drop connections, so clients retry. A request sent with an
  Idempotency-Key is carried out once; a repeat answers what the first answered.

  Background:
    Given a salon "小美美甲" in Asia/Taipei
    And a technician "小美" who works from 10:00 to 20:00 every day
    And a 60-minute service "單色凝膠"
    And the customers "王小姐" and "林小姐"
    And the booking day is 3 days from today

  Scenario: The same request sent twice with one Idempotency-Key books once
    When 王小姐 books 小美 at 14:00 with Idempotency-Key "line-webhook-0001"
    And the same request is sent again with Idempotency-Key "line-webhook-0001"
    Then both answers are 201 with the same booking id
    And the salon has exactly 1 booking on the booking day

  Scenario: Reusing an Idempotency-Key for a different request is refused
    When 王小姐 books 小美 at 14:00 with Idempotency-Key "line-webhook-0002"
    Then the booking is confirmed for 小美 at 14:00
    When 王小姐 books 小美 at 16:00 with Idempotency-Key "line-webhook-0002"
    Then the request is refused with 422 "idempotency_conflict"
    And the salon has exactly 1 booking on the booking day
