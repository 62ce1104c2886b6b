-- One single-pair predict request, sent by every wrk connection; the key comes from the environment.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("MM_KEY")
wrk.body = [[
{"pairs":[{"as_of":"2025-03-01T00:00:00Z",
 "mentor_record":{"active_pairs":1,"prior_pairs":3,"prior_completed":2},
 "mentee":{"participant_id":"load-mentee","joined_at":"2021-05-01T00:00:00Z","department":"Engineering","site":"Paris",
  "timezone_offset_h":1,"job_level":2,"tenure_years":3.5,"manager_id":"m-7","languages":["fr","en"],"skills":["python","sql"],
  "goals_text":"I want to grow as a tech lead and learn to give feedback","availability_h_per_month":4},
 "mentor":{"participant_id":"load-mentor","joined_at":"2015-05-01T00:00:00Z","department":"Engineering","site":"Lyon",
  "timezone_offset_h":1,"job_level":5,"tenure_years":9,"manager_id":null,"languages":["fr"],"skills":["leadership","python"],
  "goals_text":"I can help with leading teams and feedback","availability_h_per_month":6,"mentor_capacity":3}}]}
]]
