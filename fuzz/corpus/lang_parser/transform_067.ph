out: tri $ segment 8
