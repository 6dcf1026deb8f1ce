// The CLI writes to the process-wide Console, which the end-to-end tests capture: one test at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
