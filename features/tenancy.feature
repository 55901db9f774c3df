Feature: A salon sees only its own data
  A merchant API key works for its own salon only. Another salon's bookings answer 404, exactly as if
  they did not exist, and requests without a valid token answer 401.

  Background:
    Given a salon "小美美甲" in Asia/Taipei
    And a technician "小美" who works from 10:00 to 20:00 every day
    And a 60-minute service "單色凝膠"
    And the customers "王小姐" and "林小姐"
    And the booking day is 3 days from today
    And another salon "隔壁美甲" in Asia/Taipei

  Scenario: Another salon's key can neither see nor change a booking
    Given 王小姐 has booked 小美 at 14:00
    When 隔壁美甲 reads 王小姐's booking with its own API key
    Then the request is refused with 404 "not_found"
    When 隔壁美甲 lists 小美美甲's bookings with its own API key
    Then the request is refused with 404 "not_found"
    When 隔壁美甲 tries to cancel 王小姐's booking with its own API key
    Then the request is refused with 404 "not_found"
    And 王小姐's booking is still confirmed

  Scenario: Requests without a valid token are refused
    When someone reads 小美美甲's bookings without a token
    Then the request is refused with 401 "unauthorized"
    When someone reads 小美美甲's bookings with the token "nbk_this-is-not-a-key"
    Then the request is refused with 401 "unauthorized"
