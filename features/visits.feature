Feature: Multi-service visits
  A customer books removal, gel and art in one visit, or a manicure and a pedicure at the same time with two
  technicians. The visit is one booking: every part is reserved or none is, and it is cancelled whole.

  Background:
    Given a salon "小美美甲" in Asia/Taipei
    And a technician "小美" who works from 10:00 to 20:00 every day
    And a 20-minute service "卸甲"
    And a 30-minute service "彩繪"
    And a 60-minute service "單色凝膠"
    And the customers "王小姐" and "林小姐"
    And the booking day is 3 days from today

  Scenario: A removal + gel + art visit runs back to back with one technician
    Then a visit of "卸甲, 單色凝膠, 彩繪" is offered at 10:00
    When 王小姐 books a visit of "卸甲, 單色凝膠, 彩繪" at 10:00
    Then 王小姐's visit runs:
      | service | technician | from  | to    |
      | 卸甲    | 小美       | 10:00 | 10:20 |
      | 單色凝膠 | 小美       | 10:20 | 11:20 |
      | 彩繪    | 小美       | 11:20 | 11:50 |
    And a visit of "卸甲, 單色凝膠, 彩繪" is not offered at 10:00
    When 林小姐 tries to book 小美 at 11:00
    Then the request is refused with 409 "overlap" naming 王小姐's booking
    When the salon cancels 王小姐's booking because "改天再來"
    And 林小姐 books 小美 at 11:00
    Then the booking is confirmed for 小美 at 11:00

  Scenario: A manicure and a pedicure at once take two technicians
    Given a technician "Aiko" who works from 10:00 to 20:00 every day
    And a 90-minute service "足部保養"
    When 王小姐 books "單色凝膠" and "足部保養" at the same time at 14:00
    Then 王小姐's visit runs:
      | service  | technician | from  | to    |
      | 單色凝膠 | 小美       | 14:00 | 15:00 |
      | 足部保養 | Aiko       | 14:00 | 15:30 |
    And 王小姐's visit has 2 different technicians
    When 林小姐 tries to book "單色凝膠" and "足部保養" at the same time at 14:30
    Then the request is refused with 409 "overlap" naming 王小姐's booking
    And a visit of "單色凝膠, 足部保養" is offered at 15:30
