Console.WriteLine("indexer");
