-- Send requests drawn at random from a file, one a line: "GET /path" or "POST /path body".
-- A 303 answer is followed with a GET of its Location, as a browser does after a search.
-- The file is the script's first argument; done() reports as wrk_report.lua does.
local lines, follow = {}, nil

init = function(args)
  for line in io.lines(args[1]) do lines[#lines + 1] = line end
  -- Each wrk thread draws its own sequence.
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100000)
end

request = function()
  if follow then
    local path = follow
    follow = nil
    return wrk.format("GET", path)
  end
  local method, path, body = lines[math.random(#lines)]:match("^(%S+) (%S+) ?(.*)$")
  if method == "POST" then
    return wrk.format("POST", path, {["Content-Type"] = "application/x-www-form-urlencoded"}, body)
  end
  return wrk.format("GET", path)
end

response = function(status, headers, body)
  if status == 303 then follow = headers["Location"] end
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK-JSON {"requests": %d, "duration_us": %d, "bytes": %d, "connect": %d, "read": %d, ' ..
    '"write": %d, "status": %d, "timeout": %d, "p50": %d, "p95": %d, "p99": %d, "max": %d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
